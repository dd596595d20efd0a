// Shared by the web apps, loaded before PyScript.
// ?vending=http://host:port&cache=… fills the inputs with those ids (./build.sh serve and the page tests use it).
for (const [id, value] of new URLSearchParams(location.search)) {
  const input = document.getElementById(id);
  if (input instanceof HTMLInputElement) input.value = value;
}

// A page whose Python never starts says so instead of staying blank.
function bootFailed(message) {
  const status = document.getElementById("status");
  if (status && !/\b(ready|failed)\b/.test(status.className)) {
    status.textContent = message;
    status.className = "status failed";
  }
}
setTimeout(() => bootFailed("Python has not started after 60 s: is web/ assembled (./build.sh)? See the console."), 60000);
