"""Session storage in SQLite: sessions, exercise blocks, reps, fault events and metric traces."""

from posecoach.store.db import StoreError, default_db_path, open_store
from posecoach.store.sessions import BlockInfo, SessionInfo, Store

__all__ = ["BlockInfo", "SessionInfo", "Store", "StoreError", "default_db_path", "open_store"]
