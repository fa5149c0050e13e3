"""Who is asking and what they may do: principals, tokens, the permission table, data scoping."""
