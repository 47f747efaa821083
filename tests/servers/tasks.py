"""A task for the worker's tests: the task framework runs only functions importable by their path."""

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b
