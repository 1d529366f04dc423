"""add orders

Revision ID: c1
Revises: a0
"""
revision = "c1"
down_revision = "a0"  # want: diverged-from-base
