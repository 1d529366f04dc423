"""add orders

Revision ID: c9  # want: header-mismatch
Revises: b1
"""
revision = "c1"
down_revision = "b1"
