"""add orders: copied from 1_users.py and never given a new id"""
revision = 'ab12'  # want: duplicate-revision
down_revision = None
