"""Documents of the client record as the Kanta social welfare archive expects them."""
