"""no header at all"""
revision = "e1"
down_revision = "d1"
