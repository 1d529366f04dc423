"""base

Revision ID: a0
Revises:
"""
revision = "a0"
down_revision = None
