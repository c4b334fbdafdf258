// Copy and Download for the recovery codes page. Everything happens in the browser: the codes are read from the
// page and never sent anywhere (no URL, no request). Without JavaScript the buttons stay hidden.
document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("recovery-codes");
    var actions = document.getElementById("recovery-code-actions");
    var status = document.querySelector("[role=status]");
    if (!list || !actions) {
        return;
    }

    // The words come from the page (data-* on the actions, in the reader's language); English if absent.
    function say(name, english) {
        return actions.getAttribute("data-" + name) || english;
    }

    function codesText() {
        var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (code) {
            return code.textContent.trim();
        });
        return say("file-title", "LambaPages recovery codes (each works once)") + "\n\n" + codes.join("\n") + "\n";
    }

    function announce(message) {
        if (status) {
            status.textContent = message;
            status.classList.remove("status-empty");
        }
    }

    document.getElementById("copy-recovery-codes").addEventListener("click", function () {
        navigator.clipboard.writeText(codesText()).then(
            function () { announce(say("copied", "Recovery codes copied.")); },
            function () { announce(say("copy-failed", "Could not copy. Select the codes and copy them instead.")); });
    });

    document.getElementById("download-recovery-codes").addEventListener("click", function () {
        var url = URL.createObjectURL(new Blob([codesText()], { type: "text/plain" }));
        var link = document.createElement("a");
        link.href = url;
        link.download = "lambapages-recovery-codes.txt";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        announce(say("downloaded", "Recovery codes downloaded."));
    });

    actions.hidden = false;
});
