// The review screen's keys: j / k move between rows, y confirms, n rejects, u undecides,
// e edits (Escape goes back to the table). Without this file the radio buttons and the
// "编辑" disclosure in each row do the same with the mouse.
"use strict";

(function () {
    const table = document.querySelector("[data-review-table]");
    if (!table) {
        return;
    }
    const rows = Array.from(table.querySelectorAll("tbody[data-row]"));
    const DECISIONS = { y: "confirmed", n: "rejected", u: "suggested" };
    let current = -1;

    document.querySelectorAll(".keyboard-help").forEach((help) => {
        help.hidden = false;
    });

    function decisionOf(row) {
        const checked = row.querySelector(".decision input:checked");
        return checked ? checked.value : "";
    }

    function select(index, scroll = true) {
        if (index < 0 || index >= rows.length) {
            return;
        }
        if (current >= 0) {
            rows[current].classList.remove("is-current");
        }
        current = index;
        const row = rows[current];
        row.classList.add("is-current");
        row.tabIndex = -1;
        row.focus({ preventScroll: true });
        if (scroll) {
            row.scrollIntoView({ block: "nearest" });
        }
    }

    function nextPending(after) {
        for (let index = after + 1; index < rows.length; index++) {
            if (decisionOf(rows[index]) === "suggested") {
                return index;
            }
        }
        return rows.findIndex((row) => decisionOf(row) === "suggested");
    }

    function decide(value) {
        const row = rows[current];
        const radio = row.querySelector(`.decision input[value="${value}"]`);
        if (!radio) {
            return;
        }
        radio.checked = true;
        row.classList.remove("review-row-suggested", "review-row-confirmed", "review-row-rejected");
        row.classList.add(`review-row-${value}`);
        if (value === "suggested") {
            return;
        }
        const next = nextPending(current);
        if (next >= 0) {
            select(next);
        } else {
            // Nothing left to decide: Enter now saves (or publishes).
            const submit = document.querySelector("[data-review-submit]");
            if (submit) {
                rows[current].classList.remove("is-current");
                submit.focus();
                submit.scrollIntoView({ block: "nearest" });
            }
        }
    }

    function edit() {
        const row = rows[current];
        const details = row.querySelector("details.row-edit");
        if (details) {
            details.open = true;
        }
        const field = row.querySelector(".review-editor input:not([type=hidden]), .review-editor select");
        if (field) {
            field.focus();
        }
    }

    function isTyping(target) {
        return target.matches("textarea, select, input:not([type=radio]):not([type=checkbox]):not([type=submit])");
    }

    document.addEventListener("keydown", (event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        const inRow = event.target.closest && event.target.closest("tbody[data-row]");
        if (isTyping(event.target)) {
            if (event.key === "Escape" && inRow) {
                event.preventDefault();
                select(rows.indexOf(inRow));
            }
            return;
        }
        if (current < 0 && rows.length) {
            select(0);
        }
        if (event.key === "j") {
            select(current + 1);
        } else if (event.key === "k") {
            select(current - 1);
        } else if (event.key in DECISIONS) {
            decide(DECISIONS[event.key]);
        } else if (event.key === "e") {
            edit();
        } else {
            return;
        }
        event.preventDefault();
    });

    // A decision made with the mouse colours its row as a key would.
    table.addEventListener("change", (event) => {
        const row = event.target.closest("tbody[data-row]");
        if (row && event.target.matches(".decision input")) {
            row.classList.remove("review-row-suggested", "review-row-confirmed", "review-row-rejected");
            row.classList.add(`review-row-${event.target.value}`);
        }
    });

    // A click in a row makes it the current one, so the keys go on from there.
    table.addEventListener("click", (event) => {
        const row = event.target.closest("tbody[data-row]");
        if (row) {
            rows[current]?.classList.remove("is-current");
            current = rows.indexOf(row);
            row.classList.add("is-current");
        }
    });

    // Start at the first row still to decide, unless the page was opened at a row (#figure-row-3).
    const target = document.getElementById(window.location.hash.slice(1));
    const start = target && rows.includes(target) ? rows.indexOf(target) : nextPending(-1);
    // Without scrolling: the page opens at its top, where the messages and the bulk preview are.
    if (start >= 0 && !document.querySelector(".review-row.has-errors")) {
        select(start, false);
    }
})();
