"""Classroom workshops: one practice registry for the room (TLS), a classroom service with a live board,
learners who join from their own machines."""
