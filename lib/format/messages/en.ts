/**
 * English messages of owner notices, sweep and restore reports (CLI, demo) and the
 * values they share with the digest: the reference catalogue. Every key here must
 * exist in every other catalogue (the type of `ja` requires it; a test checks the
 * placeholders). `{name}` is a placeholder filled by `t()`; values are formatted
 * before (money, dates) and made safe before when they come from tags. The weekly
 * digest's own messages are in `lib/digest/messages`, out of the sweep Lambdas.
 */
export const en = {
  // Values and units
  'value.unknown': 'unknown',
  'unit.perHour': '{amount}/h',
  'unit.perMonth': '{amount}/month',
  'unit.hours': '{hours} h',
  'team.unallocated': 'unallocated',
  'list.separator': ', ',

  // Decisions and modes
  'decision.acted': 'acted',
  'decision.pending': 'pending',
  'decision.flagged': 'flagged',
  'decision.recommend': 'recommend',
  'decision.protected': 'protected',
  'decision.exempt': 'exempt',
  'mode.report': 'report',
  'mode.apply': 'apply',

  // Owner notices
  'notice.greeting': 'Hello {owner},',
  'notice.ran': 'The FinOps AI sweep "{title}" ({sweep}) ran at {time}.',
  'notice.action': 'The action of this sweep is to {description}.',
  'notice.section.acted': 'DONE: restore with the command shown',
  'notice.section.pending': 'SCHEDULED: will happen after the grace period unless you act',
  'notice.section.protected': 'PROTECTED: reported only, nothing will be done',
  'notice.section.runaway': 'RUNAWAY: still running past its limits, check it now',
  'notice.section.budget': 'BUDGET: your team is over its AI budget',
  'notice.section.recommendation': 'RECOMMENDED: a cheaper configuration, for you to apply',
  'notice.section.untagged': 'MISSING TAGS: add the tags shown so that its cost is attributed',
  'notice.section.count': '{section} ({count})',
  'notice.resource': '* {resource} ({region}, team {team}){money}',
  'notice.money.monthly': ' ~{amount}',
  'notice.money.unknown': ' savings unknown',
  'notice.money.job': ' {cost} so far, {rate}',
  'notice.label.why': 'why:',
  'notice.label.when': 'when:',
  'notice.label.action': 'action:',
  'notice.label.restore': 'restore:',
  'notice.label.keep': 'keep:',
  'notice.label.price': 'price:',
  'notice.when': 'not before {time}',
  'notice.price.unknown': 'unknown - {why}',
  'notice.price.component': '{quantity} x {item} at {rate} ({source}, {date})',
  'notice.price.unstatedRegion': ' [source states no region]',
  'notice.keep.title': 'HOW TO KEEP A RESOURCE',
  'notice.keep.exempt': 'Exempt it for good:   tag {key}=true',
  'notice.keep.snooze': 'Postpone the action:  tag {key}=YYYY-MM-DD (a date in the future)',
  'notice.keep.used': 'A resource that is used again before the deadline is left alone automatically.',
  'notice.keep.links': 'Or answer with a link under a scheduled resource: each works once, and asks for a reason.',
  'notice.label.links': 'answer:',
  'notice.links.intro': 'one click; the page asks for a reason before anything changes',
  'notice.link.keep-7d': 'keep 7 days',
  'notice.link.keep-30d': 'keep 30 days',
  'notice.link.keep-until': 'keep until {date}',
  'notice.link.exempt': 'exempt for good',
  'notice.link.act-now': 'act now',
  'notice.chat.more': '... and {count} more in the email notice.',
  'notice.footer':
    'Savings are list prices x instance hours; each price names its source and date in\n' +
    'the ledger. "unknown" means no sourced price was available, never a guess.',

  // Sweep and restore reports (CLI, demo)
  'report.header': '{sweep}: {mode} mode, as of {now}, regions {regions}',
  'report.none': 'No waste found.',
  'report.col.decision': 'DECISION',
  'report.col.resource': 'RESOURCE',
  'report.col.region': 'REGION',
  'report.col.owner': 'OWNER',
  'report.col.team': 'TEAM',
  'report.col.savings': 'SAVINGS',
  'report.col.when': 'ACT AFTER ({zone}) / ACTION',
  'report.col.reason': 'REASON',
  'report.job': '{rate} ({cost} so far)',
  'report.count': '{count} {decision}',
  'report.summary': '{count} finding(s){counts}; {amounts}; {notices} owner notice(s); {errors} error(s).',
  'report.summary.monthly': '{amount} in pending and acted findings',
  'report.summary.hourly': '{amount} of pending and acted jobs',
  'report.summary.unknown': ' (+{count} with unknown price)',
  'report.inconclusive': '{count} resource(s) not assessed this run (no finding, ledger left as is):',
  'report.error': 'error {where} [{stage}] {error}: {message}',
  'restore.done': 'Restored {type} {id} in {region} (action {actionId}).',
  'restore.savings': 'In force {hours} h; realized savings {amount}.',

  // Accounts (runs of an organization's accounts)
  'notice.account': 'Account: {account}.',
  'report.account': 'account {account}',
  'report.pairs': '{pairs} account and region pair(s): {ok} swept, {failed} failed, {skipped} skipped.',
  'report.pairFailed': 'failed {account} {region}: {error}',
  'report.pairErrors': '{errors} resource error(s), listed above',
  'report.pairSkipped': 'skipped {account} {region}: {reason}',
  'restore.account': 'Account {account}, through role {role}.',
} as const;
