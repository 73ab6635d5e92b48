// Presence policy tasks and return-to-work plans of the demo organisation,
// in real Chromium: the manager of the second floor finds tasks for their
// own team with due dates, opens one and reads the conversation guide,
// marks it done with a date; opens a return-to-work plan of their team
// and ticks a step. HR sees the presence policy settings and the new-plan
// form. Every page is checked with axe-core.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, browser, axe } = require('./helpers.js');

// Starts `hartslag demo` on a free port; resolves to { url, password, stop }.
function demo(db) {
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ['demo', '--db', db, '--port', '0', '--quiet'], {
			env: { ...process.env, LANG: 'C' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/Hartslag is running at (http:\/\/127\.0\.0\.1:\d+)/);
			const pw = out.match(/Log in as: admin \/ (\S+)/);
			if (m && pw)
				resolve({
					url: m[1],
					password: pw[1],
					stop: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }),
				});
		});
		p.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
	});
}

async function login(page, url, user, password) {
	await page.goto(`${url}/login`);
	await page.fill('#login', user);
	await page.fill('#password', password);
	await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
}

async function checkA11y(page, what) {
	const violations = await axe(page);
	assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

test('tasks and return-to-work plans in the demo', async (t) => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hartslag-browser-tasks-'));
	const server = await demo(path.join(dir, 'demo.db'));
	const b = await browser();
	t.after(async () => {
		await b.close();
		await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const ctx = await b.newContext({ locale: 'en-GB', bypassCSP: true,
		viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();

	// the manager: tasks of their team, in the menu
	await login(page, server.url, 'manager', server.password);
	await page.click('nav.main a[href="/tasks"]');
	assert.equal(await page.locator('h1').textContent(), 'Tasks of the presence policy');
	const rows = page.locator('table.tasks tbody tr');
	const n = await rows.count();
	assert.ok(n >= 1, 'the demo manager has tasks');
	assert.match(await page.locator('.fu-note').first().textContent(), /never what was said/);
	await checkA11y(page, '/tasks as manager');

	// one task: the guide in full, then done with a date
	const first = rows.first();
	const name = (await first.locator('th a').textContent()).trim();
	await first.locator('th a').click();
	assert.equal(await page.locator('section.guide h2').textContent(), 'Conversation guide');
	assert.ok(await page.locator('section.guide ol li').count() >= 3);
	assert.match(await page.locator('section.guide').textContent(), /diagnos|illness/i);
	await checkA11y(page, '/tasks/ID');
	await Promise.all([page.waitForNavigation(), page.click('form.done-form button')]);
	assert.ok(page.url().endsWith('/tasks'));
	const done = page.locator('table.tasks tbody tr', { hasText: name })
		.locator('.fu-done');
	assert.ok(await done.count() >= 1, `${name}'s task is marked done`);

	// return to work: a plan of their team, a step ticked
	await page.click('nav.main a[href="/rtw"]');
	await checkA11y(page, '/rtw as manager');
	const plan = page.locator('table.plans tbody tr th a').first();
	assert.ok(await plan.count() === 1, 'the demo manager sees a plan of their team');
	await plan.click();
	assert.match(await page.locator('.fu-note').textContent(), /never a diagnosis/);
	assert.match(await page.locator('label[for="notes"]').textContent(),
		/No medical information/);
	await checkA11y(page, '/rtw/ID');
	const open = await page.locator('table.rtw-steps .fu-done').count();
	await Promise.all([page.waitForNavigation(),
		page.click('table.rtw-steps tbody tr:not(.fu-is-done) form button')]);
	assert.equal(await page.locator('table.rtw-steps .fu-done').count(), open + 1);
	// overdue steps carry the word, not only the colour
	const overdue = page.locator('table.rtw-steps .fu-overdue');
	if (await overdue.count())
		assert.match(await overdue.first().textContent(), /Overdue/);

	// HR: the policy settings and the new-plan form
	const hr = await ctx.browser().newContext({ locale: 'fr-BE', bypassCSP: true });
	const hp = await hr.newPage();
	await login(hp, server.url, 'hr', server.password);
	await hp.goto(`${server.url}/admin/absences/policy`);
	assert.equal(await hp.locator('h1').textContent(), 'Politique de présence');
	await checkA11y(hp, '/admin/absences/policy');
	await hp.goto(`${server.url}/rtw`);
	assert.equal(await hp.locator('section.new-plan h2').textContent(), 'Nouveau plan');
	await checkA11y(hp, '/rtw as HR');
	await hp.goto(`${server.url}/tasks`);
	await checkA11y(hp, '/tasks as HR');
	await hr.close();
});
