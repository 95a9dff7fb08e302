import { CronExpressionParser } from "cron-parser";

/** Splits "TZ=Europe/Paris 0 12 * * *" into its zone (UTC when none is given) and expression. */
function splitCronZone(cron: string): { expression: string; tz: string } {
  const match = /^TZ=(\S+)\s+(.*)$/.exec(cron.trim());
  return match ? { tz: match[1]!, expression: match[2]! } : { tz: "UTC", expression: cron.trim() };
}

/** The first time after `after` that the cron fires; throws when the expression or zone is not valid. */
export function nextCronTime(cron: string, after: Date): Date {
  const { expression, tz } = splitCronZone(cron);
  new Intl.DateTimeFormat("en", { timeZone: tz }); // throws on an unknown zone, which the parser would take as UTC
  return CronExpressionParser.parse(expression, { currentDate: after, tz }).next().toDate();
}
