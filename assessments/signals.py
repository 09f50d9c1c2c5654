from django.dispatch import Signal

# Sent whenever a safety check is answered or `User.comparison_cleared_at`
# moves on (a check with no yes, a retake it covers, comparison turned back
# on), with `user` and `before`, the moment the check covered until then
# (None: nothing). Higher apps listen (notices: "your partner answered"); this
# app imports none of them.
cleared = Signal()
