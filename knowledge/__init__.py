"""Knowledge layer: concept notes, interview scenarios, and hybrid retrieval over them."""
