// Deadlines as the plan writes them, and `overdue` on both sides of a deadline (the deadline day is on time).
import { fileTest } from '../helpers/file-test.js';
import { chinaDate, isOverdue, readDeadline } from '../../src/rules/tasks/deadline.js';

const t = fileTest(import.meta);

t.test('完成时限 texts read as the last day they allow', async (t) => {
  t.same(readDeadline('2023年4月'), { ok: true, deadline: '2023-04-30' });
  t.same(readDeadline('2024年2月'), { ok: true, deadline: '2024-02-29' }, 'a leap year February');
  t.same(readDeadline('2023年2月'), { ok: true, deadline: '2023-02-28' });
  t.same(readDeadline('2024年10月'), { ok: true, deadline: '2024-10-31' });
  t.same(readDeadline('2023年底'), { ok: true, deadline: '2023-12-31' });
  t.same(readDeadline('2025年6月15日'), { ok: true, deadline: '2025-06-15' });
  t.same(readDeadline('持续推进'), { ok: true, deadline: null }, 'ongoing: no deadline');
  for (const bad of ['2023年13月', '2023年0月', '2023年2月30日', '2023-04-30', '年底', '尽快', '']) {
    const r = readDeadline(bad);
    t.equal(r.ok, false, `"${bad}" is refused`);
  }
});

t.test('overdue: not done and the day after the deadline or later; the deadline day is on time', async (t) => {
  const deadline = '2023-04-30';
  t.equal(isOverdue('not_started', deadline, '2023-04-29'), false, 'the day before');
  t.equal(isOverdue('not_started', deadline, '2023-04-30'), false, 'the deadline day itself');
  t.equal(isOverdue('not_started', deadline, '2023-05-01'), true, 'the day after');
  t.equal(isOverdue('in_progress', deadline, '2023-05-01'), true, 'in progress counts as not done');
  t.equal(isOverdue('done', deadline, '2030-01-01'), false, 'done is never overdue');
  t.equal(isOverdue('not_started', null, '2099-12-31'), false, 'no deadline, never overdue');
  t.equal(isOverdue('in_progress', '2023-12-31', '2024-01-01'), true, 'across a year end');
});

t.test("today is the date in China Standard Time, whatever the server's zone", async (t) => {
  t.equal(chinaDate(new Date('2024-04-30T15:59:59.999Z')), '2024-04-30', '23:59:59 in Beijing');
  t.equal(chinaDate(new Date('2024-04-30T16:00:00Z')), '2024-05-01', 'midnight in Beijing is still April 30 in UTC');
  t.equal(chinaDate(new Date('2023-12-31T16:00:00Z')), '2024-01-01');
});
