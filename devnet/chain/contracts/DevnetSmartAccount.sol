// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title DevnetSmartAccount: a minimal ERC-1271 contract account for the devnet's tests.
/// @notice One owner key. Signatures take the shape Coinbase Smart Wallet gives an ECDSA owner's signature, so a
/// payment from this account looks on the wire like one from Coinbase Wallet:
///   - the owner signs the account's replay-safe hash of the message hash: EIP-712 typed data
///     `CoinbaseSmartWalletMessage(bytes32 hash)` under the domain {name: "Coinbase Smart Wallet", version: "1",
///     chainId, verifyingContract: this account} (a signature for one account or chain is useless for another);
///   - the ERC-1271 signature is `abi.encode(uint256 ownerIndex, bytes signatureData)` (Coinbase's SignatureWrapper),
///     with ownerIndex 0 and signatureData the owner's 65-byte (r, s, v) signature.
/// A malformed signature makes isValidSignature revert (as Coinbase's does); callers treat that as invalid.
contract DevnetSmartAccount {
    bytes4 internal constant ERC1271_MAGIC_VALUE = 0x1626ba7e;
    bytes4 internal constant ERC1271_INVALID = 0xffffffff;
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant MESSAGE_TYPEHASH = keccak256("CoinbaseSmartWalletMessage(bytes32 hash)");
    /// Upper bound of s for non-malleable ECDSA signatures (EIP-2).
    uint256 internal constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    address public immutable owner;

    constructor(address owner_) {
        require(owner_ != address(0), "owner is zero");
        owner = owner_;
    }

    /// @notice The hash the owner signs for `hash`.
    function replaySafeHash(bytes32 hash) public view returns (bytes32) {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Coinbase Smart Wallet"), keccak256("1"), block.chainid, address(this))
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, keccak256(abi.encode(MESSAGE_TYPEHASH, hash))));
    }

    /// @notice ERC-1271: valid when the owner signed replaySafeHash(hash).
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (uint256 ownerIndex, bytes memory signatureData) = abi.decode(signature, (uint256, bytes));
        if (ownerIndex != 0 || signatureData.length != 65) return ERC1271_INVALID;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signatureData, 0x20))
            s := mload(add(signatureData, 0x40))
            v := byte(0, mload(add(signatureData, 0x60)))
        }
        if (uint256(s) > HALF_ORDER || (v != 27 && v != 28)) return ERC1271_INVALID;
        address signer = ecrecover(replaySafeHash(hash), v, r, s);
        return signer != address(0) && signer == owner ? ERC1271_MAGIC_VALUE : ERC1271_INVALID;
    }
}

/// @title DevnetSmartAccountFactory: deploys DevnetSmartAccount with CREATE2, so its address is known before it
/// exists (the counterfactual address an ERC-6492 signature names this factory and its calldata for).
contract DevnetSmartAccountFactory {
    event AccountCreated(address indexed account, address indexed owner, uint256 nonce);

    /// @notice Deploys the account of (owner, nonce), or returns it if it exists already: a repeated call (an
    /// ERC-6492 verifier simulating the deployment of a deployed account) must not revert.
    function createAccount(address owner, uint256 nonce) external returns (DevnetSmartAccount account) {
        address predicted = getAddress(owner, nonce);
        if (predicted.code.length != 0) return DevnetSmartAccount(predicted);
        account = new DevnetSmartAccount{salt: _salt(owner, nonce)}(owner);
        emit AccountCreated(address(account), owner, nonce);
    }

    /// @notice The address createAccount(owner, nonce) deploys to.
    function getAddress(address owner, uint256 nonce) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(DevnetSmartAccount).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), _salt(owner, nonce), initCodeHash)))));
    }

    function _salt(address owner, uint256 nonce) internal pure returns (bytes32) {
        return keccak256(abi.encode(owner, nonce));
    }
}
