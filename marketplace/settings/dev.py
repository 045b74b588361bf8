"""Quickstart settings: SQLite, local media, eager tasks, in-memory channel layer, console
e-mail and the database search backend unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
