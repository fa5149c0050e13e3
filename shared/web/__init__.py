"""The front door: the server-rendered pages where people sign in and get a token for the APIs."""
