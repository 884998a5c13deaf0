import { readFile } from 'node:fs/promises';
import {
  expect,
  saveScreenshot,
  snapshotSettings,
  startVisitorChat,
  test,
  uniqueName,
  undoAfterEach,
  startMailSink,
} from '../support';

// History's search (issue 18 item 4, issue 16 item 10): a word of a message finds its conversation, the
// word marked in the excerpt and the visitor's markup shown as text; a closed chat's quick actions —
// download and email the transcript, edit its topic, delete it (admin, after a confirmation). Every chat it
// makes is closed or deleted (the worker's server is shared).
const cleanup = undoAfterEach();

test('a word of a message finds its chat, marked; a closed chat’s quick actions work', async ({
  adminPage: page,
  api,
}) => {
  // No agent is online: the chat waits in the queue (admins close it from there).
  const snapshot = await snapshotSettings(api);
  cleanup.push(() => snapshot.restore());
  // The emailed transcript goes to an SMTP sink on loopback (the shared server has no mail server).
  const mails: Array<{ to: string[]; raw: string }> = [];
  const smtp = await startMailSink(mails);
  cleanup.push(() => smtp.close());
  const set = await api.patch('/api/v1/settings', {
    data: {
      'routing.acceptWithNoOnlineAgents': true,
      'email.smtp.host': '127.0.0.1',
      'email.smtp.port': smtp.port,
      'email.smtp.security': 'none',
    },
  });
  expect(set.status(), await set.text()).toBe(200);
  const visitor = uniqueName('Quinn');
  const word = `quokka${Math.random().toString(36).slice(2, 8)}`;
  const chat = await startVisitorChat(api, {
    name: visitor,
    email: 'quinn@example.com',
    text: 'Hello, is anyone there?',
  });
  await chat.say(`My ${word} order arrived broken <b>twice</b>`);
  await chat.say('Die Rechnung stimmt auch nicht');
  const id = chat.conversationId;
  cleanup.push(() => api.delete(`/api/v1/conversations/${id}`));
  cleanup.push(() => api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } }));

  // The search box finds the message's word: the row, its excerpt with the word marked, markup as text.
  await page.goto('/conversations');
  await page.getByLabel('Search').fill(word.toUpperCase());
  await page.getByLabel('Search').press('Enter');
  const rows = page.getByRole('table', { name: 'Conversations, newest first' }).getByRole('row');
  const row = rows.filter({ hasText: visitor });
  await expect(row).toHaveCount(1);
  const excerpt = row.getByTestId('search-excerpt');
  await expect(excerpt.locator('mark')).toHaveText(word);
  await expect(excerpt).toContainText('<b>twice</b>');
  await expect(excerpt.locator('b')).toHaveCount(0);
  await expect(row.getByText('Unverified')).toBeVisible();
  await saveScreenshot(page, 'message-search-highlight');

  // Another language's word finds it too; a word nobody wrote finds nothing.
  await page.getByLabel('Search').fill('rechnung');
  await page.getByLabel('Search').press('Enter');
  await expect(rows.filter({ hasText: visitor }).getByTestId('search-excerpt').locator('mark')).toHaveText('Rechnung');
  await page.getByLabel('Search').fill(`${word}zzz`);
  await page.getByLabel('Search').press('Enter');
  await expect(page.getByText('No conversation matches these filters.')).toBeVisible();

  // Closed: the row's quick actions.
  const closed = await api.post(`/api/v1/conversations/${id}/close`, { data: { comment: 'e2e' } });
  expect(closed.status(), await closed.text()).toBe(200);
  await page.getByLabel('Search').fill(word);
  await page.getByLabel('Search').press('Enter');
  const actions = row.getByRole('group', { name: `Actions for ${visitor}` });
  await expect(actions).toBeVisible();
  await saveScreenshot(page, 'message-search-closed-actions');

  // Download the transcript.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    actions.getByRole('link', { name: 'Download transcript' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`transcript-${id}.txt`);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text).toContain(`My ${word} order arrived broken <b>twice</b>`);

  // Email it (the dialog, prefilled with the visitor's address).
  await actions.getByRole('button', { name: 'Email transcript' }).click();
  const emailDialog = page.getByRole('dialog', { name: 'Send transcript' });
  await expect(emailDialog.getByLabel('Email')).toHaveValue('quinn@example.com');
  await emailDialog.getByRole('button', { name: 'Send transcript' }).click();
  await expect(emailDialog).toBeHidden();
  await expect(page.getByText('The transcript is on its way to quinn@example.com.')).toBeVisible();
  await expect.poll(() => mails.find((m) => m.to.includes('quinn@example.com'))?.raw ?? '').toContain(word);

  // Edit the topic and tags.
  await actions.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: `Edit the conversation with ${visitor}` });
  await edit.getByLabel('Topic').fill('Broken delivery');
  await edit.getByRole('button', { name: /^Save/ }).click();
  await expect(edit).toBeHidden();
  await expect
    .poll(async () => (await (await api.get(`/api/v1/conversations/${id}`)).json()).topic)
    .toBe('Broken delivery');

  // Delete it, after the confirmation: gone from the list and the API.
  await actions.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this conversation?' });
  await expect(confirm).toContainText(visitor);
  await saveScreenshot(page, 'message-search-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete conversation' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('No conversation matches these filters.')).toBeVisible();
  expect((await api.get(`/api/v1/conversations/${id}`)).status()).toBe(404);
});
