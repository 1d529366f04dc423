"""merge

Revision ID: d1
Revises: c1, b1
"""
revision = "d1"
down_revision = ("b1", "c1")
