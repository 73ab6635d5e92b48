/*
 * Hartslag team workshop: live updates for the facilitator's screen and
 * the participants' phones. The pages work without this file (forms and
 * reloads); with it, they poll the workshop's small JSON state every two
 * seconds, reload when the facilitator moves to another step, and send
 * points, dots and ideas without reloading. Texts from the server are
 * put in with textContent only.
 */
'use strict';
(function () {
	var root = document.getElementById('ws');
	if (!root || !window.fetch)
		return;
	var stateUrl = root.getAttribute('data-state');
	var phase = root.getAttribute('data-phase');
	var busy = false;

	function fill(list, texts) {
		while (list.firstChild)
			list.removeChild(list.firstChild);
		texts.forEach(function (t) {
			var li = document.createElement('li');
			if (t.title !== undefined) {
				var strong = document.createElement('strong');
				strong.textContent = t.title;
				li.appendChild(strong);
				if (t.note) {
					li.appendChild(document.createTextNode(' ' + t.note));
				}
			} else {
				li.textContent = t;
			}
			list.appendChild(li);
		});
	}

	function apply(s) {
		if (s.phase !== phase) {
			window.location.reload();
			return;
		}
		document.querySelectorAll('[data-count="participants"]').forEach(function (e) {
			e.textContent = String(s.participants);
		});
		if (typeof s.dots_left === 'number') {
			document.querySelectorAll('[data-count="dots"]').forEach(function (e) {
				e.textContent = String(s.dots_left);
			});
			document.querySelectorAll('form.ws-ballot input[type=number]').forEach(function (e) {
				e.max = String(s.dots_left);
				e.disabled = s.dots_left === 0;
			});
			document.querySelectorAll('form.ws-ballot button').forEach(function (e) {
				e.disabled = s.dots_left === 0;
			});
		}
		var own = [];
		s.items.forEach(function (it) {
			if (it.kind === 'own')
				own.push({ title: it.title, note: '' });
			if (typeof it.votes === 'number') {
				document.querySelectorAll('[data-votes="' + it.id + '"]').forEach(function (e) {
					e.textContent = String(it.votes);
				});
			}
		});
		document.querySelectorAll('ul[data-list="own"]').forEach(function (ul) {
			fill(ul, own);
		});
		document.querySelectorAll('ul[data-ideas]').forEach(function (ul) {
			var key = ul.getAttribute('data-ideas');
			var texts = [];
			s.ideas.forEach(function (d) {
				if (d.item + ':' + d.level === key)
					texts.push(d.text);
			});
			fill(ul, texts);
		});
	}

	function poll() {
		if (busy)
			return;
		busy = true;
		fetch(stateUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (s) { if (s) apply(s); })
			.catch(function () { /* offline for a moment: the next poll tries again */ })
			.then(function () { busy = false; });
	}

	/* Points, dots and ideas without a reload. */
	document.querySelectorAll('form.ws-js').forEach(function (form) {
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			var alert = form.querySelector('.ws-alert');
			var button = form.querySelector('button[type=submit]');
			if (button)
				button.disabled = true;
			var body = new URLSearchParams(new FormData(form));
			fetch(form.getAttribute('action') + '?js=1', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: body.toString()
			}).then(function (r) {
				return r.json().then(function (j) { return { ok: r.ok, j: j }; });
			}).then(function (res) {
				if (button)
					button.disabled = false;
				if (res.ok) {
					if (alert)
						alert.hidden = true;
					form.querySelectorAll('textarea').forEach(function (t) { t.value = ''; });
					form.querySelectorAll('input[type=number]').forEach(function (t) { t.value = '0'; });
					var status = document.getElementById('ws-status');
					if (status)
						status.textContent = status.getAttribute('data-done') || '';
				} else if (alert) {
					alert.textContent = res.j && res.j.error ? res.j.error : '?';
					alert.hidden = false;
				}
				poll();
			}).catch(function () {
				if (button)
					button.disabled = false;
				form.submit();
			});
		});
	});

	window.setInterval(poll, 2000);
})();
