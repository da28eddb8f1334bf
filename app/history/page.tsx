import type { Metadata } from "next";
import { HistoryScreen } from "@/components/history/history-screen";

export const metadata: Metadata = { title: "Spend history · BlockRun Chat" };

export default function HistoryPage() {
  return <HistoryScreen />;
}
