/**
 * Japanese messages. Written for an ML engineer reading an operational notice:
 * polite (です・ます) sentences, nouns for headers, AWS and SageMaker terms as the
 * Japanese AWS console writes them. The type requires every key of `en`.
 */
import type { Catalogue } from './catalogue.js';

export const ja: Catalogue = {
  // Values and units
  'value.unknown': '不明',
  'unit.perHour': '{amount}/時間',
  'unit.perMonth': '{amount}/月',
  'unit.hours': '{hours} 時間',
  'team.unallocated': '未割り当て',
  'list.separator': '、',

  // Decisions and modes
  'decision.acted': '実施済み',
  'decision.pending': '実施予定',
  'decision.flagged': '要確認',
  'decision.recommend': '推奨',
  'decision.protected': '保護対象',
  'decision.exempt': '除外',
  'mode.report': 'レポート',
  'mode.apply': '適用',

  // Owner notices
  'notice.greeting': '{owner} 様',
  'notice.ran': 'FinOps AI のスイープ「{title}」({sweep}) を {time} に実行しました。',
  'notice.action': 'このスイープの操作: {description}。',
  'notice.section.acted': '実施済み: 下記のコマンドで元に戻せます',
  'notice.section.pending': '実施予定: 対応がなければ猶予期間の後に実施します',
  'notice.section.protected': '保護対象: 報告のみで、操作は行いません',
  'notice.section.runaway': '暴走: 上限を超えて実行が続いています。至急ご確認ください',
  'notice.section.budget': '予算: チームの AI 予算を超過しています',
  'notice.section.recommendation': '推奨: より安価な構成のご提案です (適用はご自身で行ってください)',
  'notice.section.untagged': 'タグ不足: コストを配賦できるよう、表示されたタグを付けてください',
  'notice.section.count': '{section} ({count} 件)',
  'notice.resource': '* {resource} ({region}、チーム {team}){money}',
  'notice.money.monthly': ' 約 {amount}',
  'notice.money.unknown': ' 削減額は不明',
  'notice.money.job': ' これまでの費用 {cost}、{rate}',
  'notice.label.why': '理由:',
  'notice.label.when': '実施予定:',
  'notice.label.action': '操作 ID:',
  'notice.label.restore': '復元:',
  'notice.label.keep': '除外方法:',
  'notice.label.price': '価格:',
  'notice.when': '{time} 以降',
  'notice.price.unknown': '不明 - {why}',
  'notice.price.component': '{quantity} x {item}: {rate} (出典 {source}、{date})',
  'notice.price.unstatedRegion': ' [出典にリージョンの記載なし]',
  'notice.keep.title': 'リソースを残すには',
  'notice.keep.exempt': '恒久的に除外する:  タグ {key}=true を付けてください',
  'notice.keep.snooze': '操作を延期する:    タグ {key}=YYYY-MM-DD (将来の日付) を付けてください',
  'notice.keep.used': '期限までに再び使われたリソースは、自動的に対象から外れます。',
  'notice.keep.links': '各実施予定リソースの下にあるリンクからも回答できます (各リンクは一度だけ使え、理由の入力を求めます)。',
  'notice.label.links': '回答:',
  'notice.links.intro': 'ワンクリックで開き、変更の前に理由をお聞きします',
  'notice.link.keep-7d': '7 日間残す',
  'notice.link.keep-30d': '30 日間残す',
  'notice.link.keep-until': '{date} まで残す',
  'notice.link.exempt': '恒久的に対象外にする',
  'notice.link.act-now': '今すぐ実行する',
  'notice.chat.more': '... ほか {count} 件はメールの通知をご覧ください。',
  'notice.footer':
    '削減額は公開価格 x インスタンス稼働時間で算出しています。各価格の出典と日付は台帳に記録されています。\n' +
    '「不明」は出典のある価格が得られなかったことを示します。推測による金額は使いません。',

  // Sweep and restore reports (CLI, demo)
  'report.header': '{sweep}: {mode}モード、{now} 時点、リージョン {regions}',
  'report.none': '無駄は見つかりませんでした。',
  'report.col.decision': '判定',
  'report.col.resource': 'リソース',
  'report.col.region': 'リージョン',
  'report.col.owner': '所有者',
  'report.col.team': 'チーム',
  'report.col.savings': '削減額',
  'report.col.when': '実施予定 ({zone}) / 操作',
  'report.col.reason': '理由',
  'report.job': '{rate} (これまで {cost})',
  'report.count': '{decision} {count} 件',
  'report.summary': '検出 {count} 件{counts}。{amounts}。所有者への通知 {notices} 件、エラー {errors} 件。',
  'report.summary.monthly': '実施予定・実施済みの削減額 {amount}',
  'report.summary.hourly': '実施予定・実施済みのジョブ {amount}',
  'report.summary.unknown': ' (ほかに価格不明 {count} 件)',
  'report.inconclusive': '今回評価できなかったリソース {count} 件 (検出なし、台帳は変更していません):',
  'report.error': 'エラー {where} [{stage}] {error}: {message}',
  'restore.done': '{region} の {type} {id} を復元しました (操作 {actionId})。',
  'restore.savings': '適用期間 {hours} 時間、実現した削減額 {amount}。',

  'notice.account': 'アカウント: {account}。',
  'report.account': 'アカウント {account}',
  'report.pairs': 'アカウントとリージョンの組 {pairs} 件: 実行 {ok} 件、失敗 {failed} 件、スキップ {skipped} 件。',
  'report.pairFailed': '失敗 {account} {region}: {error}',
  'report.pairErrors': 'リソースのエラー {errors} 件 (上記)',
  'report.pairSkipped': 'スキップ {account} {region}: {reason}',
  'restore.account': 'アカウント {account} (ロール {role} を使用)。',
};
