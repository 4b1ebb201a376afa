// The console works without this file; it only helps keyboard and screen-reader users with htmx:
// an old problem is cleared when a new request starts, and a new one takes the focus.
document.addEventListener('htmx:beforeRequest', function () {
  var problem = document.getElementById('problem');
  if (problem) { problem.hidden = true; problem.textContent = ''; }
});
document.addEventListener('htmx:afterSettle', function () {
  var problem = document.getElementById('problem');
  if (problem && !problem.hidden && problem.textContent.trim() !== '') { problem.focus(); }
});

// Live tail: keep at most data-cap rows (the newest, on top), so a long tail stays bounded in memory.
document.addEventListener('htmx:afterSwap', function (event) {
  var rows = document.getElementById('tail-rows');
  if (!rows || event.detail.target !== rows) { return; }
  var cap = parseInt(rows.dataset.cap, 10) || 500;
  while (rows.rows.length > cap) { rows.deleteRow(rows.rows.length - 1); }
});

// "Copy JSON": the record as one line of JSON (data-json, written by the server) to the clipboard;
// where the Clipboard API is missing (a page not served from a secure origin) through a selection.
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.copy-json') : null;
  if (!button) { return; }
  var text = button.dataset.json;
  var done = function () {
    button.textContent = 'Copied';
    setTimeout(function () { button.textContent = 'Copy JSON'; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { copyBySelection(text) && done(); });
  } else if (copyBySelection(text)) {
    done();
  }
});

function copyBySelection(text) {
  var area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  var copied = false;
  try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
  document.body.removeChild(area);
  return copied;
}
