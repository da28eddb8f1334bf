/** The name wallets show when they ask the person to connect or sign. */
export const APP_NAME = "BlockRun Chat";
