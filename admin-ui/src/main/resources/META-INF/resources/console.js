// Every page but the live tail works without this file. It helps keyboard and screen-reader users
// with htmx (an old problem is cleared when a new request starts, and a new one takes the focus),
// runs the live tail's event stream, and copies records as JSON or curl.
// With the console's login, every request htmx sends carries the session's CSRF token (CsrfCheck);
// forms carry it as a hidden field too, so they work without this file.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) { event.detail.headers['X-CSRF-Token'] = token.content; }
});
document.addEventListener('htmx:beforeRequest', function () {
  var problem = document.getElementById('problem');
  if (problem) { problem.hidden = true; problem.textContent = ''; }
});
document.addEventListener('htmx:afterSettle', function () {
  var problem = document.getElementById('problem');
  if (problem && !problem.hidden && problem.textContent.trim() !== '') { problem.focus(); }
});

// Live tail over server-sent events (TailEvents): each event carries the new rows (put on top),
// the control bar with the cursor after them (swapped in), or a failed poll's problem. At most
// data-cap rows stay. Pause closes the stream; resume, and a dropped connection, reopen it from the
// last control bar's data-events, so nothing is read twice and the skipped count stays honest.
(function () {
  var source = null;
  var paused = false;
  var retry = null;

  function control() { return document.getElementById('tail-control'); }

  function open() {
    var bar = control();
    if (!bar || paused) { return; }
    close();
    source = new EventSource(bar.dataset.events);
    source.onmessage = function (message) { show(JSON.parse(message.data)); };
    source.onerror = function () {
      // EventSource would reconnect with its first URL (an old cursor): reopen from the last one instead.
      close();
      retry = setTimeout(open, 2000);
    };
  }

  function close() {
    if (retry) { clearTimeout(retry); retry = null; }
    if (source) { source.close(); source = null; }
  }

  function show(event) {
    var rows = document.getElementById('tail-rows');
    var bar = control();
    if (!rows || !bar) { close(); return; }
    if (event.rows) { rows.insertAdjacentHTML('afterbegin', event.rows); }
    var cap = parseInt(rows.dataset.cap, 10) || 500;
    while (rows.rows.length > cap) { rows.deleteRow(rows.rows.length - 1); }
    if (event.control && !paused) { bar.outerHTML = event.control; }
    var problem = document.getElementById('problem');
    if (problem && event.problem) {
      problem.className = 'problem';
      problem.innerHTML = '<strong class="problem-title"></strong> <span class="problem-detail"></span> <code class="problem-code"></code>';
      problem.querySelector('.problem-title').textContent = event.problem.title;
      problem.querySelector('.problem-detail').textContent = event.problem.detail;
      problem.querySelector('.problem-code').textContent = event.problem.errorCode;
      problem.hidden = false;
      problem.dataset.fromTail = 'true';
      // The session ended (signed out, idle, too old): the server ended the stream; do not reopen it.
      if (event.problem.errorCode === 'AUTHENTICATION_FAILED') { paused = true; close(); }
    } else if (problem && problem.dataset.fromTail) {
      problem.hidden = true;   // the tail's own problem is over: the poll worked again
      delete problem.dataset.fromTail;
    }
  }

  function setPaused(value) {
    paused = value;
    var bar = control();
    bar.dataset.state = value ? 'paused' : 'live';
    document.getElementById('tail-state').textContent = value ? 'Paused' : 'Live';
    document.getElementById('tail-pause').hidden = value;
    document.getElementById('tail-resume').hidden = !value;
    if (value) { close(); } else { open(); }
    document.getElementById(value ? 'tail-resume' : 'tail-pause').focus();
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('#tail-pause, #tail-resume') : null;
    if (button) { setPaused(button.id === 'tail-pause'); }
  });
  // The tail page may arrive by a full load or by an htmx-boosted navigation; leaving it closes the stream.
  document.addEventListener('DOMContentLoaded', open);
  document.addEventListener('htmx:afterSettle', function () {
    var bar = control();   // a tail page swapped in (a boosted navigation) starts live; a paused one stays paused
    if (!source && bar && bar.dataset.state === 'live') { paused = false; open(); }
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    if (event.detail.target && event.detail.target.id !== 'problem') { close(); }
  });
})();

// "Copy JSON" and "Copy curl": the record as one line of JSON (data-json) or as a curl command that
// produces it again (data-curl), both written by the server, to the clipboard; where the Clipboard
// API is missing (a page not served from a secure origin) through a selection.
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.copy-json, button.copy-curl') : null;
  if (!button) { return; }
  var text = button.classList.contains('copy-curl') ? button.dataset.curl : button.dataset.json;
  var label = button.classList.contains('copy-curl') ? 'Copy curl' : 'Copy JSON';
  var done = function () {
    button.textContent = 'Copied';
    setTimeout(function () { button.textContent = label; }, 1500);
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
