"""add users

Revision ID: b1
Revises: a9  # want: header-mismatch
Create Date: 2024-01-02 00:00:00
"""
revision = "b1"
down_revision = "a0"
