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
