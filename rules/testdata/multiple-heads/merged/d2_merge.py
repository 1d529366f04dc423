"""merge heads"""
revision = "d2"
down_revision = ("b1", "c1")
