"""Interoperability (issue 16, item 6): the case as a FHIR R4 Bundle and the service user's
GDPR export. It reads coordination, trust and the access log and writes nothing but the
access log entry of the read; it sits at the top (composition), so neither app imports it.
The calendar feed stays with the meetings in coordination."""
