"""The API's shared shapes: a page of a list, and an error. Each app's own shapes are in its ``api`` module."""

from __future__ import annotations

from ninja import Schema


class Page(Schema):
    next: str | None


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody
