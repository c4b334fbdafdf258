// Move focus to the error summary when a form comes back with errors, so keyboard and screen-reader
// users land on the list of problems (each links to its field).
document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
});

// The phone code step's "Send a new code" cool-down: count the server's remaining seconds down in place.
// The server enforces the wait either way; this only keeps the number on screen honest.
document.addEventListener("DOMContentLoaded", function () {
    var wait = document.querySelector("[data-countdown]");
    if (!wait) {
        return;
    }

    var seconds = parseInt(wait.getAttribute("data-countdown"), 10) || 0;
    if (seconds <= 0) {
        return;
    }

    // The words come from the page, in the reader's language: one form per plural category (Intl.PluralRules picks it).
    var forms = JSON.parse(wait.getAttribute("data-forms") || "{}");
    var rules = new Intl.PluralRules(document.documentElement.lang || "en");
    var timer = window.setInterval(function () {
        seconds -= 1;
        if (seconds <= 0) {
            window.clearInterval(timer);
            wait.textContent = wait.getAttribute("data-now") || "You can request a new code now.";
        } else {
            var form = forms[rules.select(seconds)] || forms.other || "You can request a new code in {0} seconds.";
            wait.textContent = form.replace("{0}", String(seconds));
        }
    }, 1000);
});

// The header collapses into a "Menu" button on a narrow screen. Without script the button stays hidden and the
// whole menu shows; the CSS only hides the menu under .js-menu, which this adds.
document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var header = document.querySelector(".site-header");
    if (!toggle || !header) {
        return;
    }

    header.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
        var open = header.classList.toggle("menu-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
});
