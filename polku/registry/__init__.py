"""The register keeper's duties under the Client Data Act (laki sosiaali- ja terveydenhuollon asiakastietojen
käsittelystä 703/2023): what the controller of the client register owes the client and the law.

- the client's log extract (lokitiedote, ATL 11): who used or received the client's data, answered
  within two months (log_extracts.py, services/log_extracts.py, the pages and the API);
- retention (säilytysajat, ATL annex): removing client records past their retention period and keeping
  the record of each removal (retention.py, services/retention.py, `polku retention`);
- the reads of the disclosure log (luovutusloki, ATL 10) and of the security log of refused requests
  (selectors.py, `polku registry denied`).

The logs themselves, their hash chain and the functions that write them stay in polku/audit.
"""
