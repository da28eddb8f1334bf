"use client";
/**
 * Spend per day as a bar chart (recharts). Loaded with next/dynamic by the history page only, so recharts never
 * reaches the chat's bundle. Bars carry atomic units as numbers (exact below 2^53); labels are formatted exactly.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DayPoint } from "@/lib/history/totals";
import { formatUsdc, formatUsdShort } from "@/lib/money";

const dayLabel = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { month: "short", day: "numeric" });
};

export default function SpendChart({ points }: { points: readonly DayPoint[] }) {
  const data = points.map((p) => ({ day: p.day, atomic: Number(p.amount), count: p.count }));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
        <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11 }} minTickGap={16} />
        <YAxis tickFormatter={(v: number) => formatUsdShort(BigInt(Math.round(v)))} tick={{ fontSize: 11 }} width={64} />
        <Tooltip
          cursor={{ fillOpacity: 0.08 }}
          labelFormatter={(day) => dayLabel(String(day))}
          formatter={(v, _name, item) => [`${formatUsdc(BigInt(Math.round(Number(v))))} USDC (${(item.payload as { count: number }).count} payments)`, "Spent"]}
        />
        <Bar dataKey="atomic" name="Spent" fill="#0d9488" radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
