"""base

Revision ID: a0
Revises:
Create Date: 2024-01-01 00:00:00
"""
revision = "a0"
down_revision = None
