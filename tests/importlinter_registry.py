"""An import-linter contract type whose layers list may name the app registry's layers.

`layers = ["dangbo.cli", …, "registry:apps", "dangbo.rules"]`: "registry:apps" is replaced by
`dangbo.core.registry.import_layers()`, so an app joins its layer by its line in `APP_LAYERS` alone.
"""

from importlinter.contracts.layers import LayersContract

from dangbo.core import registry

PLACEHOLDER = "registry:apps"


class RegistryLayersContract(LayersContract):
    def __init__(self, name, session_options, contract_options):
        options = dict(contract_options)
        layers = []
        for layer in options.get("layers", []):
            layers.extend(registry.import_layers() if layer == PLACEHOLDER else [layer])
        options["layers"] = layers
        super().__init__(name, session_options, options)
