# -*- coding: latin-1 -*-
"""café migration"""
revision = "f1"
down_revision = "e1"
