"""env.py that asks for a password, then waits for a host that never answers."""
import time

from alembic import context

try:
    password = input("password: ")  # retort gives env.py an empty stdin: EOFError
except EOFError:
    password = None

while password is None:
    time.sleep(0.1)  # stands for a connection to a host that never answers
