"""add orders"""
from typing import Sequence, Union

revision: str = "c1"
down_revision: Union[str, None] = "a0"  # want: multiple-heads
