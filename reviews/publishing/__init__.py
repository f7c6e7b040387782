"""How a review reaches the public: the anonymisation check (anonymisation.py) and its workflow task
(workflow.py), the permission rule that only the workflow publishes reviews (permissions.py, approval.py), and the
admin hooks that explain it (hooks.py).

Kept free of imports: Wagtail imports approval.py while its own models are still being defined.
"""
