"""Finding and removing a demo network: the models steps declare, and everything that depends on them."""
from django.apps import apps
from django.db import connection, models, transaction

from demo.bulk import give_sqlite_room
from demo.registry import DemoStep, ordered_steps


def _models(labels) -> list:
    return [apps.get_model(label) for label in dict.fromkeys(labels)]


def has_network(steps: list[DemoStep] | None = None) -> bool:
    """Whether any model a step `shows` holds a row."""
    return any(model._base_manager.exists() for model in _models(
        label for step in ordered_steps(steps) for label in step.shows))


def _dependents(model):
    """Relations through which rows of other models (including many-to-many tables) point at `model`."""
    return [f for f in model._meta.get_fields(include_hidden=True)
            if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)]


def delete_with_dependents(queryset, depth: int = 0) -> None:
    """Delete `queryset` and what depends on it as the model's on_delete rules say, in a few statements.

    Django's own delete() loads every object to send signals; a network of 100,000 people
    would take minutes that way. Nothing here listens for deletions of these rows.
    """
    if depth > 10:
        raise RuntimeError("The relations between models form a cycle too deep to remove.")
    for rel in _dependents(queryset.model):
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": queryset.values("pk")})
        if rel.on_delete is models.CASCADE:
            delete_with_dependents(related, depth + 1)
        elif rel.on_delete is models.SET_NULL:
            related.update(**{rel.field.name: None})
        elif rel.on_delete is not models.DO_NOTHING and related.exists():
            raise RuntimeError(f"{rel.related_model._meta.label} rows still point at {queryset.model._meta.label}.")
    queryset._raw_delete(queryset.db)


def wholly_removed(roots: list) -> list | None:
    """Models every row of which goes when every row of `roots` goes, children before parents.

    None when a table outside that set points into it (a nullable or protected link from a
    model that stays), in which case rows must be removed one relation at a time.
    """
    order: list = []
    whole = set(roots)
    pending = list(roots)
    while pending:
        model = pending.pop()
        for rel in _dependents(model):
            dependent = rel.related_model._meta.concrete_model
            if dependent not in whole and rel.on_delete is models.CASCADE and not rel.field.null:
                whole.add(dependent)
                pending.append(dependent)
    for model in whole:
        if any(rel.related_model._meta.concrete_model not in whole for rel in _dependents(model)):
            return None

    def visit(model, path=()):
        if model in order or model in path:
            return
        for rel in _dependents(model):
            visit(rel.related_model._meta.concrete_model, (*path, model))
        order.append(model)

    for model in sorted(whole, key=lambda m: m._meta.label):
        visit(model)
    return order


@transaction.atomic
def remove_network(steps: list[DemoStep] | None = None) -> None:
    """Delete every row of the models steps list in `removes`, and everything that belongs to them."""
    give_sqlite_room()
    # Later steps' rows point at earlier ones' (perhaps through protected links): they go first.
    roots = _models(label for step in reversed(ordered_steps(steps)) for label in step.removes)
    if not roots:
        return
    whole = wholly_removed(roots)
    if whole is None:
        for root in roots:
            delete_with_dependents(root._base_manager.all())
    elif connection.vendor == "postgresql":
        # TRUNCATE skips the per-row foreign-key checks that make deleting 100,000 people slow;
        # it refuses while earlier changes in this transaction still have checks pending.
        connection.check_constraints()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in whole))
    else:
        for model in whole:
            model._base_manager.all()._raw_delete(connection.alias)
