// An employee answers the survey on a phone in real Chromium, page by page,
// switches language, and sees the personal feedback; every page is checked
// with axe-core for accessibility errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { setUpOrganisation, serve, browser, axe, root } = require('./helpers.js');

const phone = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true,
	hasTouch: true };
const shots = process.env.HARTSLAG_SCREENSHOTS || '';

async function checkA11y(page, what) {
	const violations = await axe(page);
	assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

async function shot(page, name) {
	if (shots)
		await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test('answering the survey on a phone', async (t) => {
	const org = setUpOrganisation();
	const server = await serve(org.db);
	const b = await browser();
	t.after(async () => {
		await b.close();
		await server.stop();
		fs.rmSync(org.dir, { recursive: true, force: true });
	});
	// bypassCSP only lets axe-core be injected; the pages' own CSP is checked in
	// tests/integration (no inline script is needed by any page).
	const ctx = await b.newContext({ ...phone, locale: 'nl-BE', bypassCSP: true });
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

	assert.ok(org.tokens.length > 0, 'the wave has personal links');
	await page.goto(`${server.url}/s/${org.tokens[0]}`);
	// The reporting rules are shown before the first question, in the
	// employee's own language from the HR file.
	assert.match(await page.getAttribute('html', 'lang'), /^(nl|fr|en)$/);
	await checkA11y(page, 'intro');
	await shot(page, 'survey-intro-nl');

	// Switch to another language, then English: the choice sticks to the next pages.
	const other = (await page.getAttribute('html', 'lang')) === 'fr' ? 'nl' : 'fr';
	await page.click(`nav.langs a[hreflang="${other}"]`);
	assert.equal(await page.getAttribute('html', 'lang'), other);
	await page.click('nav.langs a[hreflang="en"]');
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	assert.match(await page.textContent('main'), /at least 5 people/);
	await page.click('a.button.primary');

	let pages = 0;
	for (;;) {
		const submit = await page.$('button[value="submit"]');
		if (submit) {
			await checkA11y(page, 'last page');
			await page.fill('textarea', 'More time for breaks, please.');
			await submit.click();
			break;
		}
		pages++;
		assert.ok(pages < 20, 'the survey ends');
		if (pages === 1) {
			await checkA11y(page, 'first question page');
			await shot(page, 'survey-page1');
		}
		// Tap an answer in every question by its label, as a thumb would.
		const fieldsets = await page.$$('fieldset.item');
		assert.ok(fieldsets.length > 0);
		for (let i = 0; i < fieldsets.length; i++) {
			const opts = await fieldsets[i].$$('label.opt:not(.skip)');
			await opts[(i + pages) % opts.length].click();
		}
		await page.click('button[value="next"]');
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
	}
	assert.ok(pages >= 5, `several pages (${pages})`);
	await page.waitForSelector('.feedback');
	assert.match(await page.textContent('.done'), /Your answers are saved/);
	assert.ok(await page.$('figure.chart svg'), 'a chart of the profile');
	assert.match(await page.textContent('.help'), /112/);
	await checkA11y(page, 'feedback');
	await shot(page, 'feedback');

	// The profile can be downloaded as a PDF.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.click('form.download button'),
	]);
	const pdf = await download.path();
	assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');

	assert.deepEqual(errors, [], 'no script errors, no failed requests');

	// The link answers only once.
	const again = await page.goto(`${server.url}/s/${org.tokens[0]}`);
	assert.equal(again.status(), 409);
});

test('the survey works without JavaScript', async (t) => {
	const org = setUpOrganisation();
	const server = await serve(org.db);
	const b = await browser();
	t.after(async () => {
		await b.close();
		await server.stop();
		fs.rmSync(org.dir, { recursive: true, force: true });
	});
	const ctx = await b.newContext({ ...phone, javaScriptEnabled: false, locale: 'fr-BE' });
	const page = await ctx.newPage();
	await page.goto(`${server.url}/s/${org.tokens[1]}?p=1`);
	const first = await page.$('fieldset.item label.opt');
	await first.click();
	await page.click('button[value="next"]');
	// Back again: the answer is still there (saved on the server).
	await page.click('button[value="back"]');
	assert.ok(await page.isChecked('fieldset.item input[type=radio] >> nth=0'));
	void root;
});
