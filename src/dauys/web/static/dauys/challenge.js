/* Dauys: the guests' proof of work (discussions/challenge.py). Finds n with SHA-256(salt + n) = hash using the
   browser's Web Crypto, then fills the hidden "solution" field and hides the question, which stays for anyone
   without JavaScript or Web Crypto. No request leaves the page. */
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[name=challenge][data-salt]");
  if (!inputs.length || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var encoder = new TextEncoder();
  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }
  function solve(input) {
    var form = input.form, salt = input.dataset.salt, target = input.dataset.hash;
    var max = parseInt(input.dataset.max, 10) || 0, n = 0;
    var solution = form.querySelector("input[name=solution]");
    var answer = form.querySelector("input[name=answer]");
    function step() {
      var batch = [];
      for (var k = 0; k < 200 && n < max; k++, n++) {
        batch.push(window.crypto.subtle.digest("SHA-256", encoder.encode(salt + n)));
      }
      var first = n - batch.length;
      return Promise.all(batch).then(function (digests) {
        for (var j = 0; j < digests.length; j++) {
          if (hex(digests[j]) === target) { return first + j; }
        }
        return n < max ? step() : null;
      });
    }
    step().then(function (found) {
      if (found === null || !solution) { return; }
      solution.value = String(found);
      var field = answer && answer.closest(".field");
      if (field) { field.hidden = true; }
    });
  }
  for (var i = 0; i < inputs.length; i++) { solve(inputs[i]); }
})();
