"""HTTP plumbing shared by the three services' Flask apps."""
