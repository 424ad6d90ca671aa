"""Issue 15's classroom: a room that runs one lesson or the whole course, learners going on through its lessons,
the board and the export per lesson; and the review findings mended in the same files. Pure where the thing
under test is pure (the fold, the board's data, the handout's text); the service, store and export run for real
in tests/test_classroom.py and tests/test_classroom_board.py."""

from __future__ import annotations

from tutor.classroom.handout import Card, as_markdown


def test_the_markdown_handout_speaks_both_languages_as_the_printed_cards_do():
    text = as_markdown([Card("budi", "k7m2-x9pq", "tutor join https://h/#sha256=ab --user budi")], ("docker-push",),
                       "127.0.0.1:5443")
    assert "Nama pengguna · Username" in text and "Password sekali pakai · One-time password" in text
    assert "Ketik perintah ini (satu baris), lalu password saat diminta: · Type this command" in text
    assert "Registry: `127.0.0.1:5443`" in text
    assert "| budi | `k7m2-x9pq` | `tutor join https://h/#sha256=ab --user budi` |" in text
