"""Turning validation messages and broken rules into RFC 9457 problems a page can show field by field."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from werkzeug.exceptions import MethodNotAllowed

from shared.http.problems import PROBLEM_JSON, DomainProblem, field_errors, from_domain_problem, from_http_exception


def test_webargs_messages_become_one_entry_per_field_with_the_location_dropped():
    messages = {"json": {"title": ["Enter a title for the project"], "amount_requested": ["Enter an amount"]}}

    assert field_errors(messages) == [
        {"field": "title", "pointer": "#/title", "detail": "Enter a title for the project"},
        {"field": "amount_requested", "pointer": "#/amount_requested", "detail": "Enter an amount"},
    ]


def test_a_field_with_several_messages_shows_only_the_first():
    messages = {"json": {"priorities": {0: ["Choose from the list"], 3: ["Choose from the list too"]}}}

    assert field_errors(messages) == [
        {"field": "priorities", "pointer": "#/priorities/0", "detail": "Choose from the list"},
    ]


def test_each_row_of_a_list_of_objects_is_a_question_of_its_own():
    messages = {
        "json": {
            "budget_lines": {
                0: {"category": ["Choose a category"], "description": ["Enter a description"]},
                1: {"amounts": {"2026/27": {"key": ["Enter the year like 2026-27"], "value": ["Enter an amount"]}}},
                2: {"amounts": {"2026-27": {"value": ["Enter an amount in pounds"]}}},
            }
        }
    }

    assert field_errors(messages) == [
        {"field": "budget_lines", "pointer": "#/budget_lines/0/category", "detail": "Choose a category"},
        {"field": "budget_lines", "pointer": "#/budget_lines/0/description", "detail": "Enter a description"},
        {
            "field": "budget_lines",
            "pointer": "#/budget_lines/1/amounts/2026~127",
            "detail": "Enter the year like 2026-27",
        },
        {"field": "budget_lines", "pointer": "#/budget_lines/2/amounts/2026-27", "detail": "Enter an amount in pounds"},
    ]


def test_marshmallows_own_messages_are_rewritten_in_plain_english():
    messages = {"json": {"colour": ["Unknown field."], "opens_on": ["Not a valid date."]}}

    assert [e["detail"] for e in field_errors(messages)] == [
        "Remove this field: it is not recognised",
        "Enter a real date, like 2026-04-01",
    ]


def test_a_problem_with_the_whole_body_points_at_the_whole_document():
    assert field_errors({"json": {"_schema": ["Invalid input type."]}}) == [
        {"field": "", "pointer": "#", "detail": "Send the request body as a JSON object"}
    ]


@pytest.mark.parametrize(("name", "pointer"), [("a/b~c", "#/a~1b~0c"), ("my field%", "#/my%20field%25")])
def test_a_field_name_is_escaped_in_its_json_pointer(name, pointer):
    assert field_errors({"json": {name: ["Unknown field."]}})[0]["pointer"] == pointer


def test_files_and_query_locations_are_dropped_too():
    assert field_errors({"files": {"file": ["Select a file to upload"]}})[0]["field"] == "file"
    assert field_errors({"query": {"page": ["Not a valid integer."]}})[0]["detail"] == "Enter a whole number"


@pytest.fixture
def request_context():
    with Flask(__name__).test_request_context("/bids/b-1/submit", method="POST") as context:
        yield context


def test_a_broken_rule_becomes_problem_json_with_its_fields(request_context):
    problem = DomainProblem("The bid cannot be submitted yet", errors={"title": "Enter a title"}, kind="bid-incomplete")

    response = from_domain_problem(problem)
    body = json.loads(response.get_data())

    assert response.status_code == 422
    assert response.mimetype == PROBLEM_JSON
    assert body["type"] == "https://safergrants.local/problems/bid-incomplete"
    assert body["instance"] == "/bids/b-1/submit"
    assert body["errors"] == [{"field": "title", "pointer": "#/title", "detail": "Enter a title"}]


def test_an_http_error_keeps_werkzeugs_headers(request_context):
    response = from_http_exception(MethodNotAllowed(valid_methods=["GET", "POST"]))

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert "errors" not in json.loads(response.get_data())
