"""Words for the demo history: customers, what they rang about, and what agents write down.

Kept apart from calmcall.services.demo so the generator reads as logic, not as a phrase book.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Dana", "Sam", "Priya", "Tomás", "Aisha", "Jonas", "Mei", "Oluwaseun", "Chloé", "Rafael",
    "Ingrid", "Kwame", "Noor", "Liam", "Sofia", "Hiroshi", "Fatima", "Mateo", "Zoe", "Arjun",
    "Hannah", "Yusuf", "Elena", "Callum", "Amara", "Björn", "Leila", "Diego", "Grace", "Omar",
    "Freya", "Nikolai", "Imani", "Luca", "Saoirse", "Wei", "Esther", "Kofi", "Marta", "Ravi",
)
LAST_NAMES = (
    "Price", "Reyes", "Okafor", "Nowak", "Lindqvist", "Haddad", "Chen", "Murphy", "Kowalski",
    "Silva", "Andersen", "Mensah", "Rossi", "Tanaka", "Dubois", "Patel", "O'Brien", "García",
    "Schmidt", "Ivanova", "Nakamura", "Byrne", "Santos", "Fischer", "Adeyemi", "Larsen",
    "Moreau", "Khan", "Müller", "Costa", "Walsh", "Novak", "Abara", "Jensen", "Ferreira",
)

CATEGORY_TOPICS = {
    "Billing": ("charged twice", "refund not received", "direct debit taken early",
                "invoice does not match the quote", "late fee on a paid bill"),
    "Delivery": ("parcel marked delivered but not here", "courier left it in the rain",
                 "delivery slot missed again", "wrong item in the box", "order stuck in transit"),
    "Technical": ("router drops every evening", "app crashes at login", "no signal since Monday",
                  "password reset email never arrives", "update wiped the settings"),
    "Service": ("engineer did not turn up", "held on the line for forty minutes",
                "promised callback never came", "rude reply in the chat", "complaint ignored"),
    "Account": ("locked out of the account", "address change not saved",
                "name misspelt on every letter", "contract renewed without asking",
                "cannot close the account"),
    "Other": ("question about the privacy notice", "wants to speak to a manager",
              "unhappy with the new opening hours", "loyalty points vanished"),
}

ROOT_CAUSES = {
    "Billing": ("payment run repeated after a timeout", "refund batch failed overnight",
                "pricing table out of date"),
    "Delivery": ("courier scan without a drop-off photo", "depot capacity on peak days",
                 "picking error at the warehouse"),
    "Technical": ("firmware fault on one router model", "expired certificate on the login server",
                  "mast maintenance overran"),
    "Service": ("rota gap on the engineer team", "callback queue not monitored",
                "template reply sent by mistake"),
    "Account": ("address form drops the second line", "auto-renewal default left on",
                "identity check too strict"),
    "Other": ("policy change not announced", "points expiry rule unclear"),
}

NOTE_OPENERS = (
    "Customer says {topic}.", "Rang about {topic}; third time this month.",
    "Very upset: {topic}.", "Explained the {topic} started last week.",
    "Customer reports {topic} and wants it fixed today.",
)
NOTE_MIDDLES = (
    "Let them vent, did not interrupt.", "Order number {ref} checked on screen.",
    "Account {account} verified, address confirmed.", "Read back the problem; customer agreed.",
    "Customer calmer once the refund was mentioned.", "Asked what would put it right for them.",
    "Checked the log: two attempts failed on {day}.", "Supervisor {agent} consulted on the spot.",
    "Customer mentions switching provider.", "Apologised for the wait and the mix-up.",
    "Offered a goodwill credit of £{amount}.", "Customer wants it in writing by email.",
    "Partner on the line too; spoke to both.", "Gave the case reference {ref}.",
)
NOTE_CLOSERS = (
    "Agreed next steps, customer thanked us.", "Customer still unhappy but accepted the plan.",
    "Will confirm by email today.", "Customer hung up before we finished.",
    "Passed to the specialist team with full notes.",
)
PROMISES = (
    "Call back with the refund status", "Confirm the new delivery slot",
    "Update on the engineer visit", "Ring once the fault is fixed",
    "Confirm the credit has been applied", "Call with the manager's answer",
)
OUTCOME_NOTES = {
    "done": ("Called back, customer happy with the update", "Reached them, issue confirmed fixed"),
    "no_answer": ("No answer, left a voicemail", "Line busy, tried again later"),
    "cancelled": ("Customer said no need, sorted already", "Duplicate of another callback"),
    "missed": ("Missed: off sick that afternoon", "Missed the slot, queue too long"),
}
AGENTS = ("Alex", "Jordan", "Morgan", "Riley", "Casey")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
