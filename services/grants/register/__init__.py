"""The funding register: every known award, ours and other funders', for duplicate-funding checks."""
