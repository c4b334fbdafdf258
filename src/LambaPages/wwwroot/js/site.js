// Move focus to the error summary when a form comes back with errors, so keyboard and screen-reader
// users land on the list of problems (each links to its field).
document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
});
