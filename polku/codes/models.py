"""THL's national code sets (koodistopalvelu.kanta.fi), loaded from versioned data files."""
