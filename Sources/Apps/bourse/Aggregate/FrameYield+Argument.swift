import Aggregator
import ArgumentParser

extension FrameYield: ExpressibleByArgument {}
