"""The application's models: what the database should look like."""
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("length(email) > 3", name="ck_users_email_length"),
        Index("ix_users_email", "email", unique=True),
    )

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False)
    active = Column(Boolean, nullable=False, server_default=text("true"))


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False)


class Event(Base):
    """In a schema the migrations create: compared like any other table."""

    __tablename__ = "events"
    __table_args__ = {"schema": "audit"}

    id = Column(Integer, primary_key=True)
    kind = Column(String(50), nullable=False, server_default="signup")
